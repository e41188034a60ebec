"""What the pages share, so that a page reads like a description of its screen: the session's state, who may
edit, the open assessment, the item card, the one conflict panel, user text shown safely."""

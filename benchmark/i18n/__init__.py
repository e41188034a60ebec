"""Languages: which ones the app ships, each language's catalog of interface texts (gettext through Babel), numbers
and dates written for the language, and the frameworks' translations (data files beside the frameworks)."""

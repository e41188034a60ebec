"""Many assessments of one framework side by side: the numbers behind the peer-review views.

Pure analysis: it reads assessments already loaded (``benchmark.services.load_many`` loads files) and returns
tables and records; wording for a terminal is the command line's, charts are ``benchmark.charts.compare``'s.

Everything starts from ``frame.scores_frame``, which scores each assessment exactly once; the other views read
that table (and, where they need items, the answers), so a network of 500 cities costs 500 scorings, not one per
view. Subjects are matched by name, ignoring case and extra spaces (``names.subject_key``), because a peer review
team types the city's name again.

Ranks are competition ranks (1, 2, 2, 4) judged on the score as shown, to one decimal: two cities that read the
same number share a place. Cities without a score are listed last, unranked.

The package itself imports nothing, so that ``shape`` and ``names`` load without pandas (the command line shows
the JSON shape in ``--help``); import what you use from its modules.
"""

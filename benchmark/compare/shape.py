"""The documented shape of ``python -m benchmark compare --json`` (``summary.summary`` builds it).

Pandas-free, so that the command line can show it in ``--help`` without loading the analysis.
"""

JSON_SHAPE = """\
JSON shape (--json); scores in %, one decimal; null where there is no score:
  {"framework": {"id", "version", "title"},
   "basis": "self" | "peer",
   "assessments": [{"id", "subject", "type", "date", "overall", "completion",
                    "sections": {SECTION_ID: score}}],
   "ranking": [{"rank", "subject", "id", "date", "overall"}],
        # each city's latest assessment of the basis type; ties share a rank (1, 2, 2, 4)
   "shared_gaps": [{"section", "title", "below", "rated", "share", "subjects"}],
        # below = cities under their own target; share = below / rated, in %
   "self_vs_peer": [{"subject", "self_id", "peer_id", "self_overall", "peer_overall",
                     "difference", "agreement", "mean_abs_difference",
                     "sections": {SECTION_ID: difference}}]}
        # difference = self − peer in points; agreement = % of items rated identically
"""

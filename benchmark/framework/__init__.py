"""A framework (questionnaire) as validated data: its model, the loader with located errors, the shared vocabulary."""

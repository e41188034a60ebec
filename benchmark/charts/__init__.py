"""Altair charts drawn from core results, so the app and the tests see the same thing.

``palette`` holds what each colour means; ``results`` draws one assessment's scores, ``compare`` the network
views, ``panel`` the respondents' group views. The package itself imports nothing: Altair loads only when a
chart module is first used.
"""

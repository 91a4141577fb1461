"""Offline evaluation of the recommender: the MovieLens protocol and the list measures.

Built on ``core`` only (no settings, no Qt); ``Services.evaluate_movielens`` and the benchmarks
call it. Kept apart from ``core`` because nothing in the product's own paths depends on it.
"""

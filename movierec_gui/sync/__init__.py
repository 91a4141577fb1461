"""Pinecone: sync the local vector cache to an index and search through it (no Qt here).

``sync.run_sync`` uploads incrementally; ``search_backend.remote_searcher`` serves the
nearest-neighbour step of search from Pinecone. ``pinecone`` is imported lazily.
"""

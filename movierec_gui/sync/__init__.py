"""Online services, no Qt here: Pinecone (vector sync and search) and TMDB (more films and posters).

``sync.run_sync`` uploads incrementally; ``search_backend.remote_searcher`` serves the
nearest-neighbour step of search from Pinecone. ``pinecone`` is imported lazily.
``tmdb_fetch.run_fetch`` fetches films and posters from TMDB (``tmdb_client``, httpx) into the
catalog, resumably and incrementally; only ``tmdb_records`` is imported when the app starts.
"""

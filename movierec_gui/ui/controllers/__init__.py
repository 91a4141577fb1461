"""Controllers: the window's behaviour, one area each, talking through ``AppState`` signals."""

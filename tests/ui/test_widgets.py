"""Small widgets and helpers: ETA text, theme palettes, the taste-map projection and raster."""

from __future__ import annotations

import numpy as np

from movierec_gui.ui.theme import apply_theme, dark_palette, is_dark
from movierec_gui.ui.widgets.job_bar import Eta, format_eta
from movierec_gui.ui.widgets.taste_map import density
from movierec_gui.ui.workers import project_2d


def test_eta_from_the_rate_of_the_current_phase():
    eta = Eta()
    assert eta.update(0, 1000, "embedding", now=0.0) == ""
    assert eta.update(100, 1000, "embedding", now=10.0) == "about 2 min left"  # 900 left at 10/s
    assert eta.update(0, 5, "saving", now=11.0) == ""  # a new phase starts over
    assert format_eta(30) == "about 30 s left" and format_eta(0.2) == "almost done"


def test_dark_theme_is_an_explicit_palette(qapp):
    assert is_dark(dark_palette())
    try:
        assert apply_theme(qapp, "dark") == "dark"
        assert is_dark(qapp.palette())
        assert apply_theme(qapp, "light") == "light"
        assert not is_dark(qapp.palette())
    finally:
        apply_theme(qapp, "light")


def test_projection_separates_clusters_and_fits_the_unit_square():
    rng = np.random.default_rng(1)
    a = rng.normal(0, 0.05, (200, 16)) + np.eye(16)[0]
    b = rng.normal(0, 0.05, (200, 16)) + np.eye(16)[1]
    m = np.vstack([a, b]).astype(np.float32)
    m /= np.linalg.norm(m, axis=1, keepdims=True)
    xy = project_2d(m)
    assert xy.shape == (400, 2) and xy.min() >= 0 and xy.max() <= 1
    gap = np.linalg.norm(xy[:200].mean(0) - xy[200:].mean(0))
    assert gap > 0.5  # the two kinds of film land far apart


def test_density_raster_marks_every_point():
    xy = np.array([[0.0, 0.0], [1.0, 1.0], [0.5, 0.5]], dtype=np.float32)
    img = density(xy, (50, 40), splat=1)
    assert img.shape == (40, 50) and img.max() == 1.0
    assert img[39, 0] > 0 and img[0, 49] > 0 and img[20, 24] > 0

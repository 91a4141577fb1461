"""Small reusable widgets: banners, the job progress bar, the taste map."""

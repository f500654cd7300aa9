"""Data layer: official sources in, the validated working dataset out; no analysis here."""

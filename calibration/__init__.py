"""Calibration of uncertain parameters to the record (to come; builds on scenarios and sim)."""

"""Scenario sweeps over lever packages (to come; builds on sim)."""

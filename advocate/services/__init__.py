"""Use cases: plain functions that get their dependencies as arguments."""

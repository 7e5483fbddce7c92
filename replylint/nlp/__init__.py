"""The spaCy pipeline replylint runs: blank English (no model download) or a configured model."""
from .pipeline import get_pipeline

__all__ = ["get_pipeline"]

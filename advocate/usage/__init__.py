"""What customers can tell us about their energy use, turned into IntervalUsage."""

from advocate.usage.request import usage_from_request

__all__ = ["usage_from_request"]

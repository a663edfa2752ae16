"""Dure (두레): the platform that runs a regional social economy support center."""

__version__ = "0.1.0"

"""Digituki coverage: where digital support is given, where people live, and the gaps between.

Import-light on purpose: no streamlit or folium here.
"""

__version__ = "0.1.0"

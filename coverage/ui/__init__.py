"""The Streamlit app's own code: state, caching, texts, shared components and pages.

Only this package (and app.py) imports streamlit; the library below it never does.
"""

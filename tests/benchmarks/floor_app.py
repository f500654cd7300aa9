"""The floor for bench_app.py: the least a Streamlit page can do, one key figure, no project code.

Started with the same command line, options and browser as app.py, it shows how much of the time to
a usable page is Streamlit's own (server start, the front-end bundle, the first script run).
"""

import streamlit as st

st.set_page_config(layout="wide")
st.metric("Väestö", "5 635 971")

"""The floor for bench_app.py: the least a Streamlit page can do, one key figure, no project code.

Started with the same command line, options and browser as app.py, it shows how much of the time to
a usable page is Streamlit's own (server start, the front-end bundle, the first script run).
"""

import streamlit as st

st.set_page_config(layout="wide")
# one control and the figure it sets: Streamlit's own time from a control change to a new figure
km = st.slider("km", 1, 50, 10)
st.metric("Väestö", f"{5_635_971 - km:,}".replace(",", " "))

# `python -m pip` belongs to pip, `sudo apt-get` to apt: the effects layer names the
# package manager behind the wrapper, so these cleanups find their creators.
FROM python:3.12
RUN python3 -m pip install --no-compile flask
RUN pip cache purge
RUN sudo apt-get update && sudo apt-get install -y libpq5
RUN rm -rf -- /var/lib/apt/lists/*

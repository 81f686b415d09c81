# The RUN it joins runs rm, then pip, which may put another rm earlier on PATH: the
# moved rm searches PATH again, as in its own RUN.
FROM python:3.12
RUN rm -f /etc/motd && pip install --no-cache-dir flask
RUN rm -rf /root/.cache

# --cache-mounts: pip's cache goes to a build cache mount instead of being turned off;
# a RUN that already mounts it is left alone, and one running as another user (whose
# cache is not root's) gets the flag as without the option.
FROM python:3.12
RUN pip install flask
RUN --mount=type=cache,target=/root/.cache/pip pip install gunicorn
USER app
RUN pip install --user requests

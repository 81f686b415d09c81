# The entry runs the app's own code (a Python file, through its shebang): what it
# starts is not read, as for `python app.py`, so its absence from the context does not
# block the swap.
FROM python:3.12-bookworm
COPY main.py /main.py
RUN chmod +x /main.py
CMD ["/main.py"]

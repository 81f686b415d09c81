FROM python:3.11
RUN git clone https://example.org/repo /repo
CMD ["python"]

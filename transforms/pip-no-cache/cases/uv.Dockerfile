FROM python:3.12
RUN pip install uv && uv pip install --system -r requirements.txt && uv sync --frozen

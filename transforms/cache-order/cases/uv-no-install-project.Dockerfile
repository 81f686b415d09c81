FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim
WORKDIR /app
COPY . .
RUN uv sync --frozen --no-install-project --no-dev
RUN uv sync --frozen --no-dev
CMD ["uv", "run", "python", "-m", "svc"]

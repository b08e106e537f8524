# sitegen in a container: `docker build -t sitegen .`, then in a site's folder
#   docker run --rm -v "$PWD:/site" sitegen build      (or check, serve --bind 0.0.0.0 -p …)
# Two stages: the build toolchain stays in the first; the image holds the binary, git (for the
# dates of pages and translations) and nothing else, and runs as an unprivileged user.
FROM rust:1-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked && strip target/release/sitegen

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends git ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 sitegen \
    && git config --system --add safe.directory /site
COPY --from=build /src/target/release/sitegen /usr/local/bin/sitegen
USER sitegen
WORKDIR /site
EXPOSE 1313
ENTRYPOINT ["sitegen"]
CMD ["build"]

# Westward in a container: a static binary (no cgo: modernc.org/sqlite is pure Go) on a
# distroless base, running as a non-root user, with the database on a volume.
#
#   docker build --build-arg VERSION=1.0.0 -t westward .
#   docker run -p 8080:8080 -v westward-data:/data westward
#
# Replication (Litestream, linked in): set WESTWARD_REPLICATE=s3://bucket/path (and
# AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), or file:///replica with a second volume there.
# A read-only replica: add -e WESTWARD_READ_ONLY=true -e WESTWARD_PRIMARY=https://primary.
# Metrics: -e WESTWARD_METRICS_ADDR=:9090 (publish that port only to the monitoring network).

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
# The same command .ci/run uses, so CI proves this step builds.
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/westward .
RUN mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/westward /usr/local/bin/westward
COPY --from=build --chown=nonroot:nonroot /out/data /data
ENV WESTWARD_ADDR=:8080 \
    WESTWARD_DB=/data/westward.db
VOLUME ["/data"]
EXPOSE 8080
USER nonroot:nonroot
# The binary checks itself: no shell or curl in the image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["/usr/local/bin/westward", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/westward"]
CMD ["serve"]

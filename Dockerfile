# Tend's own image: a busybox userland and the NativeAOT `tend` binary, linked fully static, so it
# needs no libc (Dockerfile.scratch is the same binary FROM scratch, from the release tarball).
# Build from the repository root:
#   docker build -t tend .
# Use it as a base (FROM tend, then COPY your tend.yaml to /etc/tend/tend.yaml), or copy the binary
# into any image, whatever its libc (glibc of any age, musl, none):
#   COPY --from=tend /usr/bin/tend /usr/bin/tend
# The examples (examples/*/Dockerfile) build FROM this image.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# lld: Tend links static with it (src/Tend.Cli/Tend.Cli.csproj)
RUN apt-get update && apt-get install -y --no-install-recommends clang lld zlib1g-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/Tend.Cli -c Release -o /out
# /rootfs is what the final stage takes: the binary alone (static: no shared library to bring).
RUN mkdir -p /rootfs/usr/bin && cp /out/tend /rootfs/usr/bin/tend

# busybox (statically linked) gives a shell, ps and friends for `docker exec`; Tend needs none of it.
FROM busybox:1.37-musl
COPY --from=build /rootfs/ /
# /etc/tend/tend.yaml is read when `tend run` is given no file: COPY yours there, or mount it.
ENTRYPOINT ["/usr/bin/tend", "run"]
# Optional main program, like s6-overlay's CMD: its exit ends the container with its code.
# CMD ["--", "/app/server", "--port", "8080"]
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD ["tend", "health"]
STOPSIGNAL SIGTERM

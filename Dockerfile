# Tend's own image: a busybox userland, the NativeAOT `tend` binary and the three glibc files it
# links against (ld-linux, libc, libm), about 11.6 MB in all. Build from the repository root:
#   docker build -t tend .
# Use it as a base (FROM tend, then COPY your tend.yaml to /etc/tend/tend.yaml), or copy the binary
# into an image that already has glibc (Debian, Ubuntu, distroless/base):
#   COPY --from=tend /usr/bin/tend /usr/bin/tend
# The examples (examples/*/Dockerfile) build FROM this image.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update && apt-get install -y --no-install-recommends clang zlib1g-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/Tend.Cli -c Release -o /out
# /rootfs is what the final stage takes: the binary, and each shared library it needs at the path
# the dynamic loader looks for it (ldd names them; the loader itself is the /lib64/... line).
RUN mkdir -p /rootfs/usr/bin && cp /out/tend /rootfs/usr/bin/tend \
 && for lib in $(ldd /out/tend | grep -o '/[^ ]*'); do cp -L --parents "$lib" /rootfs; done

# busybox (statically linked) gives a shell, ps and friends for `docker exec`; Tend needs none of it.
FROM busybox:1.37-musl
COPY --from=build /rootfs/ /
# /etc/tend/tend.yaml is read when `tend run` is given no file: COPY yours there, or mount it.
ENTRYPOINT ["/usr/bin/tend", "run"]
# Optional main program, like s6-overlay's CMD: its exit ends the container with its code.
# CMD ["--", "/app/server", "--port", "8080"]
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD ["tend", "health"]
STOPSIGNAL SIGTERM

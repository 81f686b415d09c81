#!/usr/bin/env bash
# Prepares buildah and the local stand-in base images of the real-build lane, once per
# machine: later runs find them in the cache and take seconds.
#
# No registry but Debian's (and PyPI/npm) is reachable here, so the bases are made from
# Debian packages, as the official images are: debian:bookworm and bookworm-slim with
# debuerreotype, then python, node, ruby, golang and rust stand-ins on top of them, tagged with the
# Docker Hub names the cases use.
#
# Source it (`. tests/e2e/bases.sh`): it exports CONTAINERS_STORAGE_CONF, BUILDAH_ISOLATION
# and TMPDIR so that a plain `buildah` (and `dockerlean compare`) use the cached storage.
#   DOCKERLEAN_E2E_CACHE=/var/cache/dockerlean-e2e   where storage and bases live
#   DOCKERLEAN_E2E_REBUILD=1                         bootstrap the bases again
#   STANDINS="python node ruby eclipse-temurin golang rust"               only these stand-ins (default: all)
set -Eeuo pipefail

cache=${DOCKERLEAN_E2E_CACHE:-/var/cache/dockerlean-e2e}
suite=bookworm
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
case "$cache" in /|/tmp|/root|/home|/usr|/var|"") echo "bases: refusing cache $cache" >&2; return 2 2>/dev/null || exit 2;; esac
say() { printf '[bases] %s\n' "$*" >&2; }

if ! command -v buildah >/dev/null || ! command -v debuerreotype-init >/dev/null; then
	say "installing buildah and debuerreotype from Debian"
	DEBIAN_FRONTEND=noninteractive apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		buildah debootstrap debuerreotype debian-archive-keyring ca-certificates >/dev/null
fi

if [ "${DOCKERLEAN_E2E_REBUILD:-0}" = 1 ]; then
	buildah --root "$cache/storage" --runroot "$cache/runroot" rmi --all --force >/dev/null 2>&1 || true
	rm -rf "$cache"
fi
mkdir -p "$cache"/{tmp,ctx,logs}
if [ ! -f "$cache/storage.conf" ]; then
	driver=vfs
	o="$cache/tmp/ovl-probe"; mkdir -p "$o"/{l,u,w,m}
	if mount -t overlay overlay -o "lowerdir=$o/l,upperdir=$o/u,workdir=$o/w" "$o/m" 2>/dev/null; then
		umount "$o/m"; driver=overlay
	fi
	rm -rf "$o"
	printf '[storage]\ndriver = "%s"\ngraphroot = "%s"\nrunroot = "%s"\n' \
		"$driver" "$cache/storage" "$cache/runroot" > "$cache/storage.conf"
fi
export CONTAINERS_STORAGE_CONF=$cache/storage.conf
export BUILDAH_ISOLATION=chroot   # no runc, cgroups or network namespace needed
export TMPDIR=$cache/tmp          # buildah stages big temporary files here

have() { buildah inspect --type image "docker.io/library/$1" >/dev/null 2>&1; }
bud() { # bud <context> <name>...: one layer per instruction, Docker format, local bases only
	local ctx=$1; shift
	local tags=(); for n in "$@"; do tags+=(-t "docker.io/library/$n"); done
	buildah bud --layers --format docker --pull=never "${tags[@]}" "$ctx" > "$cache/logs/$1.log" 2>&1 \
		|| { tail -20 "$cache/logs/$1.log" >&2; say "building $1 failed"; return 1; }
}

mirror=http://deb.debian.org/debian
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
	m=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources); mirror=${m:-$mirror}
fi

if ! have "debian:$suite" || ! have "debian:$suite-slim"; then
	say "bootstrapping debian:$suite and debian:$suite-slim from $mirror (a few minutes)"
	r="$cache/tmp/rootfs"; rm -rf "$r" "$r-slim"
	debuerreotype-init --non-debian "$r" "$suite" "$mirror" > "$cache/logs/init.log" 2>&1 \
		|| { tail -20 "$cache/logs/init.log" >&2; exit 2; }
	rm -f "$r/etc/apt/sources.list"; mkdir -p "$r/etc/apt/sources.list.d"
	cat > "$r/etc/apt/sources.list.d/debian.sources" <<-EOF
	Types: deb
	URIs: $mirror
	Suites: $suite $suite-updates
	Components: main
	Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

	Types: deb
	URIs: ${mirror%/debian}/debian-security
	Suites: $suite-security
	Components: main
	Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
	debuerreotype-minimizing-config "$r"
	debuerreotype-apt-get "$r" update -qq
	debuerreotype-apt-get "$r" full-upgrade -yqq >> "$cache/logs/init.log" 2>&1
	mkdir -p "$r-slim"; tar -cC "$r" . | tar -xC "$r-slim"
	debuerreotype-slimify "$r-slim"
	for v in debian debian-slim; do
		mkdir -p "$cache/ctx/$v"
		src=$r; [ $v = debian-slim ] && src=$r-slim
		debuerreotype-tar --exclude ./etc/machine-id "$src" "$cache/ctx/$v/rootfs.tar"
		printf 'FROM scratch\nADD rootfs.tar /\nCMD ["bash"]\n' > "$cache/ctx/$v/Dockerfile"
	done
	rm -rf "$r" "$r-slim"
	bud "$cache/ctx/debian" "debian:$suite" debian:12 debian:latest
	bud "$cache/ctx/debian-slim" "debian:$suite-slim" debian:12-slim
	rm -f "$cache"/ctx/debian*/rootfs.tar
fi

# Stand-ins: the official image's layout where the cases depend on it (python in
# /usr/local, node and npm on PATH, go with GOPATH=/go), with Debian's packages. The
# golang and rust ones set the variables the official images set (with Debian's
# releases of Go and Rust), so that the lane's config check sees a split give them back. The
# python in /usr/local is a venv that keeps the user site on (--system-site-packages),
# as a real /usr/local python does: split-stages installs with PIP_USER into a user base. The
# "full" ones carry what the official full images do (compilers, headers, git, curl);
# the slim ones only the runtime. This machine's extra CA certificates are baked in so
# that pip and npm reach their registries through its TLS interception.
standin() { # standin <dir> <Dockerfile text> <names...>
	local dir="$cache/ctx/$1" text=$2 family=${1%-slim}; shift 2
	if [ -n "${STANDINS+set}" ] && [[ " $STANDINS " != *" $family "* ]]; then return 0; fi
	# Cached until its Dockerfile changes.
	if have "$1" && [ -f "$dir/Dockerfile" ] && [ "$(cat "$dir/Dockerfile")" = "$text" ]; then return 0; fi
	say "building stand-in $1"
	mkdir -p "$dir/extra-ca"
	cp /usr/local/share/ca-certificates/*.crt "$dir/extra-ca/" 2>/dev/null || true
	# Files a stand-in's Dockerfile copies in (scripts of the official image it mimics).
	[ -d "$here/standin/${dir##*/}" ] && cp -a "$here/standin/${dir##*/}/." "$dir/"
	printf '%s\n' "$text" > "$dir/Dockerfile"
	bud "$dir" "$@"
}
ca='COPY extra-ca/ /usr/local/share/ca-certificates/'
# The full images are buildpack-deps, which carries the -dev packages of common
# libraries (libpq, libssl, libyaml, ...): a build links what it finds there.
full_tools='build-essential git curl wget ca-certificates procps libyaml-dev libpq-dev libssl-dev'

standin python "FROM debian:$suite
$ca
RUN apt-get update && apt-get install -y python3 python3-venv python3-dev $full_tools \\
 && update-ca-certificates && python3 -m venv --system-site-packages /usr/local && rm -rf /var/lib/apt/lists/*
ENV LANG=C.UTF-8
CMD [\"python3\"]" python:3.11 "python:3.11-$suite" python:3

standin python-slim "FROM debian:$suite-slim
$ca
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-venv ca-certificates \\
 && update-ca-certificates && python3 -m venv --system-site-packages /usr/local && rm -rf /var/lib/apt/lists/*
ENV LANG=C.UTF-8
CMD [\"python3\"]" python:3.11-slim "python:3.11-slim-$suite" python:3-slim

standin node "FROM debian:$suite
$ca
RUN apt-get update && apt-get install -y nodejs npm $full_tools \\
 && update-ca-certificates && rm -rf /var/lib/apt/lists/*
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
CMD [\"node\"]" node:18 "node:18-$suite"

standin node-slim "FROM debian:$suite-slim
$ca
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm ca-certificates \\
 && update-ca-certificates && rm -rf /var/lib/apt/lists/*
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
CMD [\"node\"]" node:18-slim "node:18-$suite-slim"

# ruby: Debian's Ruby with the official images' gem layout (GEM_HOME=/usr/local/bundle,
# where gem and bundle install, its bin on PATH; BUNDLE_APP_CONFIG there too). The slim
# one has Ruby and Bundler alone (Debian's libruby links libyaml, as the official slim
# image keeps it).
ruby_env='ENV LANG=C.UTF-8 GEM_HOME=/usr/local/bundle BUNDLE_SILENCE_ROOT_WARNING=1 BUNDLE_APP_CONFIG=/usr/local/bundle PATH=/usr/local/bundle/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
standin ruby "FROM debian:$suite
$ca
RUN apt-get update && apt-get install -y ruby ruby-dev bundler $full_tools \\
 && update-ca-certificates && rm -rf /var/lib/apt/lists/* && mkdir -p /usr/local/bundle && chmod 1777 /usr/local/bundle
$ruby_env
CMD [\"irb\"]" ruby:3.1 "ruby:3.1-$suite" ruby:3

standin ruby-slim "FROM debian:$suite-slim
$ca
RUN apt-get update && apt-get install -y --no-install-recommends ruby bundler ca-certificates \\
 && update-ca-certificates && rm -rf /var/lib/apt/lists/* && mkdir -p /usr/local/bundle && chmod 1777 /usr/local/bundle
$ruby_env
CMD [\"irb\"]" ruby:3.1-slim "ruby:3.1-slim-$suite" ruby:3-slim

# eclipse-temurin: Debian's OpenJDK 17 under the temurin names, both with the same
# configuration as the JDK and JRE images of one temurin tag share theirs (JAVA_HOME,
# PATH, the UTF-8 locale variables). The JDK one also carries Debian's Maven and the
# Maven plugins it packages (/usr/share/maven-repo), since Maven Central is not reachable
# here: a case builds with `mvn -o -Dmaven.repo.local=/usr/share/maven-repo`. The JRE
# one is the runtime (its directory is "-slim" so that it follows the JDK's family).
temurin_env='ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 LANG=en_US.UTF-8 LANGUAGE=en_US:en LC_ALL=en_US.UTF-8 JAVA_VERSION=jdk-17 PATH=/usr/lib/jvm/java-17-openjdk-amd64/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
standin eclipse-temurin "FROM debian:$suite
$ca
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jdk-headless maven \\
 libmaven-resources-plugin-java libmaven-compiler-plugin-java libsurefire-java libmaven-jar-plugin-java \\
 ca-certificates && update-ca-certificates && rm -rf /var/lib/apt/lists/*
$temurin_env" eclipse-temurin:17-jdk-jammy eclipse-temurin:17-jdk

standin eclipse-temurin-slim "FROM debian:$suite-slim
$ca
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless ca-certificates \\
 && update-ca-certificates && rm -rf /var/lib/apt/lists/*
$temurin_env" eclipse-temurin:17-jre-jammy eclipse-temurin:17-jre

standin golang "FROM debian:$suite
$ca
RUN apt-get update && apt-get install -y golang-go $full_tools \\
 && update-ca-certificates && rm -rf /var/lib/apt/lists/*
ENV GOLANG_VERSION=1.19.8 GOPATH=/go PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
WORKDIR /go" "golang:1.19.8-$suite" golang:1.19 "golang:1.19-$suite"

standin rust "FROM debian:$suite
$ca
RUN apt-get update && apt-get install -y cargo rustc $full_tools \\
 && update-ca-certificates && rm -rf /var/lib/apt/lists/*
ENV RUSTUP_HOME=/usr/local/rustup CARGO_HOME=/usr/local/cargo PATH=/usr/local/cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin RUST_VERSION=1.63.0" "rust:1.63.0-$suite" rust:1.63 "rust:1.63-$suite"

# php: the official images are debian-slim with PHP built into /usr/local, PHPIZE_DEPS
# (compilers, autoconf, make) kept, and docker-php-ext-install building extensions from
# the PHP source tree. The stand-in is Debian's PHP 8.2 with its phpize, the same
# PHPIZE_DEPS, Debian's php8.2 source as /usr/src/php.tar.gz, and stand-ins of the
# docker-php-ext-* scripts (tests/e2e/standin/php/), which install as the official
# ones do: PHP_INI_DIR=/usr/local/etc/php with its conf.d (which the stand-in's PHP
# scans besides Debian's own, PHP_INI_SCAN_DIR with an empty first entry) and the
# php.ini-production and -development templates the official images ship there, extensions
# under /usr/local/lib/php/extensions, their headers under /usr/local/include/php. The
# source comes from the main archive (the security mirror here serves none): an earlier
# 8.2 release, with the same extension API as the binaries.
standin php "FROM debian:$suite-slim
$ca
RUN sed -i '0,/^Types: deb$/s//Types: deb deb-src/' /etc/apt/sources.list.d/debian.sources \\
 && apt-get update && apt-get install -y --no-install-recommends php8.2-cli php8.2-dev \\
 autoconf dpkg-dev file g++ gcc libc-dev make pkg-config re2c ca-certificates curl xz-utils \\
 && update-ca-certificates && mkdir -p /usr/src && cd /usr/src && apt-get source -qq php8.2 \\
 && rm -f php8.2_* && tar -czf php.tar.gz php8.2-* && rm -rf php8.2-* /var/lib/apt/lists/* \\
 && mkdir -p /usr/local/etc/php/conf.d /usr/local/include/php \\
  /usr/local/lib/php/extensions/no-debug-non-zts-20220829 \\
 && cp /usr/lib/php/8.2/php.ini-production /usr/lib/php/8.2/php.ini-development /usr/local/etc/php/
ENV PHP_INI_DIR=/usr/local/etc/php PHP_INI_SCAN_DIR=:/usr/local/etc/php/conf.d
COPY docker-php-source docker-php-ext-configure docker-php-ext-install /usr/local/bin/
CMD [\"php\", \"-a\"]" php:8.2-cli "php:8.2-cli-$suite" php:8.2 php:8

# rust:1.95-slim-bookworm, for the image of dockerlean itself (the repository's
# Dockerfile): the official slim image's layout (RUSTUP_HOME, CARGO_HOME, cargo and rustc
# on PATH, gcc and libc6-dev from Debian) with this machine's Rust 1.95 toolchain copied
# in, since no Rust release can be downloaded in a build here. Only with STANDINS naming
# rust-self (or unset) and a 1.95 toolchain on this machine.
if [ -z "${STANDINS+set}" ] || [[ " $STANDINS " == *" rust-self "* ]]; then
	ver=$(rustc --version 2>/dev/null | awk '{print $2}')
	if [[ "$ver" != 1.95.* ]]; then
		say "no Rust 1.95 toolchain here (rustc $ver): rust:1.95-slim-bookworm not built"
	elif ! have rust:1.95-slim-bookworm; then
		say "building stand-in rust:1.95-slim-bookworm from this machine's Rust $ver"
		dir="$cache/ctx/rust-self"; rm -rf "$dir"; mkdir -p "$dir/extra-ca" "$dir/toolchain/bin"
		cp /usr/local/share/ca-certificates/*.crt "$dir/extra-ca/" 2>/dev/null || true
		sysroot=$(rustc --print sysroot)
		cp -aL "$sysroot/bin/cargo" "$sysroot/bin/rustc" "$dir/toolchain/bin/"
		tar -C "$sysroot" --exclude lib/rustlib/src -cf - lib | tar -C "$dir/toolchain" -xf -
		tc=/usr/local/rustup/toolchains/$ver-x86_64-unknown-linux-gnu
		cat > "$dir/Dockerfile" <<-EOF
		FROM debian:$suite-slim
		$ca
		RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates gcc libc6-dev \\
		 && update-ca-certificates && rm -rf /var/lib/apt/lists/*
		COPY toolchain/ $tc/
		RUN mkdir -p /usr/local/cargo/bin && ln -s $tc/bin/cargo $tc/bin/rustc /usr/local/cargo/bin/
		ENV RUSTUP_HOME=/usr/local/rustup CARGO_HOME=/usr/local/cargo PATH=/usr/local/cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin RUST_VERSION=$ver
		EOF
		bud "$dir" rust:1.95-slim-bookworm "rust:$ver-slim-bookworm"
		rm -rf "$dir/toolchain"
	fi
fi

say "bases ready in $cache ($(buildah images --format '{{.Name}}:{{.Tag}}' | grep -c docker.io/library) names)"

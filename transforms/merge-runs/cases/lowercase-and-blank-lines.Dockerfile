FROM debian:bookworm
run a


run b

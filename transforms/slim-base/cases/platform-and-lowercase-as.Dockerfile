FROM --platform=linux/amd64 perl:5.38 as runtime
CMD ["perl", "-v"]

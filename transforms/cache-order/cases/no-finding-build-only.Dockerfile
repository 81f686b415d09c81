FROM gcc:14
WORKDIR /src
COPY . .
RUN make

FROM ruby:3.2
COPY . /src
RUN cd /src && ./configure --prefix=/usr/local && make && make install
CMD ["ruby", "/src/app.rb"]

FROM eclipse-temurin:21-jdk
WORKDIR /build
COPY . .
RUN ./mvnw -B dependency:go-offline
RUN ./mvnw -B package -DskipTests

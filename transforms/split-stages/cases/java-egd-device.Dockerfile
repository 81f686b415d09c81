# -Djava.security.egd names /dev/./urandom, a device every image has.
FROM eclipse-temurin:17-jdk-jammy
WORKDIR /app
COPY . .
RUN ./mvnw -B package -DskipTests
ENTRYPOINT ["java", "-Djava.security.egd=file:/dev/./urandom", "-jar", "target/app.jar"]

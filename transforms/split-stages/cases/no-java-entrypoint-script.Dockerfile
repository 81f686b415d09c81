# The entrypoint script and the config folder are not the build's output: the runtime would lack them.
FROM eclipse-temurin:21-jdk-jammy
WORKDIR /app
COPY docker-entrypoint.sh /usr/local/bin/
COPY . .
RUN ./mvnw -B package -DskipTests
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["java", "-jar", "target/app.jar"]

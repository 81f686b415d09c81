# The agent jar ADD downloads is not the build's output: the runtime would lack it.
FROM eclipse-temurin:21-jdk-jammy
WORKDIR /app
ADD https://github.com/open-telemetry/opentelemetry-java-instrumentation/releases/download/v2.4.0/opentelemetry-javaagent.jar /opt/otel.jar
COPY . .
RUN ./mvnw -B package -DskipTests
CMD ["java", "-javaagent:/opt/otel.jar", "-jar", "target/app.jar"]

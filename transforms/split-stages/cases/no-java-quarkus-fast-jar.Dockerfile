# Quarkus packs a fast-jar: quarkus-run.jar is a launcher for the lib/, app/ and
# quarkus/ folders beside it, which the runtime would not get.
FROM eclipse-temurin:21-jdk-jammy
WORKDIR /build
COPY mvnw pom.xml ./
COPY src/ src/
RUN ./mvnw -B package -DskipTests
ENTRYPOINT ["java", "-jar", "target/quarkus-app/quarkus-run.jar"]

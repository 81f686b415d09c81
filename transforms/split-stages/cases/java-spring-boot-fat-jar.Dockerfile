# Spring Boot's plugin repackages the jar with its dependencies inside: the jar is
# the whole app.
FROM eclipse-temurin:21-jdk-jammy
WORKDIR /build
COPY mvnw pom.xml ./
COPY src/ src/
RUN ./mvnw -B package -DskipTests
ENTRYPOINT ["java", "-jar", "target/shop-1.jar"]

# A plain jar with a dependency: nothing packs guava into it, so the jar alone does
# not run.
FROM eclipse-temurin:21-jdk-jammy
WORKDIR /build
COPY mvnw pom.xml ./
COPY src/ src/
RUN ./mvnw -B package -DskipTests
ENTRYPOINT ["java", "-jar", "target/shop-1.jar"]

# config/application.yml is read from the working directory at run time, not packaged.
FROM eclipse-temurin:21-jdk-jammy
WORKDIR /app
COPY . .
RUN ./mvnw -B package -DskipTests
ENTRYPOINT ["java", "-jar", "target/shop.jar"]

FROM eclipse-temurin:latest
WORKDIR /build
COPY . .
RUN ./gradlew bootJar --no-daemon
CMD ["java", "-jar", "build/libs/app.jar"]

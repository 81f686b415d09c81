# The JDK image's own JRE: same release, same Ubuntu, same configuration.
FROM eclipse-temurin:21-jdk-jammy
WORKDIR /build
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B dependency:go-offline
COPY src/ src/
RUN ./mvnw -B package -DskipTests
ENV JAVA_OPTS="-Xmx256m"
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "target/shop.jar"]

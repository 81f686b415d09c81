# JAVA_TOOL_OPTIONS loads an agent from a path the runtime would not get.
FROM eclipse-temurin:21-jdk-jammy
WORKDIR /build
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY src/ src/
RUN ./mvnw -B package -DskipTests
ENV JAVA_TOOL_OPTIONS="-javaagent:/opt/agent/agent.jar"
ENTRYPOINT ["java", "-jar", "target/shop.jar"]

FROM gradle:8.7-jdk21
WORKDIR /home/gradle/project
COPY . .
RUN gradle bootJar --no-daemon
ENTRYPOINT ["java", "-jar", "/home/gradle/project/build/libs/app.jar"]

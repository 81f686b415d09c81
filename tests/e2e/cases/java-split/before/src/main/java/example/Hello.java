package example;

public class Hello {
    public static void main(String[] args) {
        System.out.println(System.getenv("GREETING") + " from Java " + System.getProperty("java.specification.version"));
    }
}

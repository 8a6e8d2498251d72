// The last-resort MongoDB-protocol server for development and tests, used only when neither mongod
// nor FerretDB can be had (scripts/infra.mjs). Run with the Java source launcher:
//   java -cp '<mongo-java-server jars>/*' MongoJavaServerMain.java <port>
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

public class MongoJavaServerMain {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", port);
        System.out.println("mongo-java-server listening on 127.0.0.1:" + port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        Thread.currentThread().join();
    }
}

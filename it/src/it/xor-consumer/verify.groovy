// After the three builds: the fat jar lists both backends as available, and learns XOR on each of them.
def jar = new File(basedir, 'target/xor-consumer-fat.jar')
assert jar.isFile() : "the fat jar was not built: ${jar}"
def java = new File(System.getProperty('java.home'), 'bin/java').path

def run = { List<String> args ->
    def process = new ProcessBuilder(([java] + args)*.toString()).redirectErrorStream(true).start()
    def out = process.inputStream.text
    assert process.waitFor() == 0 : "java ${args} failed:\n${out}"
    println out
    out
}

def listing = run(['-jar', jar.path, 'backends'])
// Backends.describe() has one line per provider; both must be found and available.
['pure', 'nd4j'].each { name ->
    def line = listing.readLines().find { it =~ /\b${name}\b/ && !(it =~ /unavailable/) }
    assert line != null : "the fat jar's backend listing lacks an available '${name}' (the ServiceLoader pitfall):\n${listing}"
}
['pure', 'nd4j'].each { name ->
    def out = run(["-Dneurite.backend=${name}", '-jar', jar.path])
    assert out.contains("backend ${name}: xor predicted [0, 1, 1, 0], accuracy 1.0") : out
}
return true

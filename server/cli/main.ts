console.log('hamlet', process.argv.slice(2).join(' '));
